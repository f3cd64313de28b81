# Sourced by the benchmarks that use async-profiler: fetches tools.profiler:async-profiler
# ($ASYNC_PROFILER_VERSION) from Maven Central into integration-tests/target/async-profiler once, and sets
# ap_platform, ap_dir, ap_lib (the native library) and ap_jar (its Java API). ap_lib is absent if it could
# not be fetched (the reason is in $ap_dir/fetch.log).
ASYNC_PROFILER_VERSION="${ASYNC_PROFILER_VERSION:-4.6}"   # the newest on Maven Central when this was written
case "$(uname -m)" in
  x86_64|amd64) ap_platform=linux-x64 ;;
  aarch64|arm64) ap_platform=linux-arm64 ;;
  *) ap_platform=unsupported ;;
esac
ap_dir="integration-tests/target/async-profiler/$ASYNC_PROFILER_VERSION"
ap_lib="$ap_dir/$ap_platform/libasyncProfiler.so"
ap_jar="$ap_dir/async-profiler-$ASYNC_PROFILER_VERSION.jar"
if [ ! -f "$ap_lib" ] && [ "$ap_platform" != unsupported ]; then
  mkdir -p "$ap_dir"
  # 4.x ships every platform in the main jar; older releases had one jar per platform (classifier).
  for artifact in "tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
                  "tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:$ap_platform"; do
    if mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy -Dartifact="$artifact" \
         -DoutputDirectory="$ap_dir" >"$ap_dir/fetch.log" 2>&1; then
      for jar in "$ap_dir"/async-profiler-*.jar; do
        unzip -o -q "$jar" "$ap_platform/*" -d "$ap_dir" 2>/dev/null || true
      done
      [ -f "$ap_lib" ] && break
    fi
  done
fi
