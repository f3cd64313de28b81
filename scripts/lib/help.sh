# Sourced first by each script: with -h or --help anywhere in its arguments, prints the script's header
# comment (its usage) and exits, before anything is built or run.
for arg in "$@"; do
  case "$arg" in
    -h|--help)
      sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"
      exit 0 ;;
  esac
done
