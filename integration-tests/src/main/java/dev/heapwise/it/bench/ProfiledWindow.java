package dev.heapwise.it.bench;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a workload's main with async-profiler sampling CPU only over its measured window: after
 * {@code delayMs} (the workload's warm-up) for {@code durationMs}, writing collapsed stacks per thread to
 * {@code out}. What the agent's code costs the workload's own thread once warm is then a share of that
 * thread's samples, free of the run-to-run noise of throughput. async-profiler is reached by reflection
 * (its jar is fetched by the scripts, not a build dependency).
 *
 * <p>{@code ProfiledWindow <libasyncProfiler.so> <delayMs> <durationMs> <out.collapsed> <main class> [args...]}
 */
public final class ProfiledWindow {
    private ProfiledWindow() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 5) {
            System.err.println("usage: ProfiledWindow <libasyncProfiler.so> <delayMs> <durationMs> <out.collapsed> <main class> [args...]");
            System.exit(2);
        }
        String lib = args[0];
        long delayMs = Long.parseLong(args[1]);
        long durationMs = Long.parseLong(args[2]);
        String out = args[3];
        Thread profiling = new Thread(() -> {
            try {
                Class<?> type = Class.forName("one.profiler.AsyncProfiler");
                Object profiler = type.getMethod("getInstance", String.class).invoke(null, lib);
                Method execute = type.getMethod("execute", String.class);
                Thread.sleep(delayMs);
                execute.invoke(profiler, "start,event=cpu,interval=1ms,threads");
                Thread.sleep(durationMs);
                execute.invoke(profiler, "stop,collapsed,threads,file=" + out);
            } catch (Throwable t) {
                System.err.println("profiling failed: " + t);
            }
        }, "profiled-window");
        profiling.setDaemon(true);
        profiling.start();
        Class.forName(args[4]).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 5, args.length));
    }
}
