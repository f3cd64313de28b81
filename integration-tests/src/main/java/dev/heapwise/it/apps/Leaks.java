package dev.heapwise.it.apps;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;

/** The leaks of {@link LeakScenarios}, one step per 100 ms tick each: what they keep is reachable from a static root. */
final class Leaks {
    static final Map<Long, Session> SESSIONS = new HashMap<>();
    static final List<Object> KEPT = new ArrayList<>();
    static final EventBus BUS = new EventBus();

    private Leaks() {
    }

    /** {@code map} (100 a tick, about 1 MB/s) and {@code slow} (5 a tick): sessions kept in a static map. */
    static void leakSessions(long tick, int perTick) {
        for (int i = 0; i < perTick; i++) {
            long id = tick * 1000 + i;
            SESSIONS.put(id, new Session(id, new byte[1000]));
        }
    }

    /** {@code threads}: a parked worker a second, never ended. */
    static void startParkedWorker(long tick) {
        if (tick % 10 == 0) {
            Thread t = WORKERS.newThread(() -> LockSupport.park());
            t.setDaemon(true);
            t.start();
        }
    }

    private static final ThreadFactory WORKERS = new ThreadFactory() {
        private int n;

        @Override
        public Thread newThread(Runnable r) {
            return new Thread(r, "leaky-worker-" + (++n));
        }
    };

    /** {@code direct}: 64 KB of direct buffer a tick, 640 KB/s. */
    static void keepDirectBuffer() {
        KEPT.add(ByteBuffer.allocateDirect(64 * 1024));
    }

    /** {@code loaders}: two loaders a second kept alive, each having loaded its own copy of {@link Plugin}. */
    static void keepPluginLoader(long tick) throws Exception {
        if (tick % 5 == 0) {
            URL classes = Path.of(Leaks.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
            PluginLoader loader = new PluginLoader(new URL[]{classes});
            KEPT.add(loader.loadClass(Plugin.class.getName()).getDeclaredConstructor().newInstance());
        }
    }

    /** Loads {@link Plugin} itself (child first), everything else from its parent. */
    static final class PluginLoader extends URLClassLoader {
        PluginLoader(URL[] urls) {
            super(urls, Leaks.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(Plugin.class.getName())) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    /**
     * {@code generated}: a copy of {@link Enhanced$$00000000} named with the tick in place of its zeros, defined
     * into this class's loader and kept: 10 classes a second.
     */
    static void keepGeneratedClass(long tick) throws Exception {
        String bytes = new String(ClassTemplate.bytes(), StandardCharsets.ISO_8859_1).replace("00000000", String.format("%08d", tick));
        KEPT.add(MethodHandles.lookup().defineClass(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** {@code listeners}: ten listeners of 8 KB a tick (about 80 KB) added to a static bus, never removed. */
    static void registerListeners(long tick) {
        for (int i = 0; i < 10; i++) {
            BUS.add(new Listener(tick, new byte[8 * 1024]));
        }
    }

    record Listener(long registeredAt, byte[] state) {
    }

    /** Listeners registered and never removed: the classic. */
    static final class EventBus {
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        void add(Listener l) {
            listeners.add(l);
        }
    }

    /**
     * {@code native}: five Deflaters a second, each having compressed 64 KB (so zlib's buffers are written, hence
     * resident), kept and never ended: about 260 KB of malloc'd memory each, under a heap that hardly moves.
     */
    static void keepUsedDeflater(long tick) {
        if (tick % 2 != 0) {
            return;
        }
        byte[] input = new byte[64 * 1024];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ((tick * 31 + i * 7L) % 251); // compressible but not trivially so
        }
        Deflater d = new Deflater();
        d.setInput(input);
        byte[] out = new byte[16 * 1024];
        while (!d.needsInput()) {
            LeakScenarios.sink += d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        }
        KEPT.add(d);
    }

    private static Path reports;

    /** {@code files}: a report written and opened for reading every tick; the stream is kept, never closed. */
    static void keepOpenedReport(long tick) throws IOException {
        if (reports == null) {
            reports = Files.createTempDirectory("heapwise-reports");
            reports.toFile().deleteOnExit();
        }
        Path file = reports.resolve("report-" + tick + ".csv");
        Files.writeString(file, "id,value\n" + tick + "," + (tick * 31) + "\n");
        file.toFile().deleteOnExit();
        InputStream kept = new FileInputStream(file.toFile());
        KEPT.add(kept);
    }

    /**
     * {@code sockets}: a connection accepted by the application's own server every tick, whose client then hangs up;
     * the accepted socket is kept, never closed, so it waits in CLOSE_WAIT.
     */
    static void keepAbandonedConnection() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), LoopbackServer.get().getLocalPort())) {
            client.getOutputStream().write(1);
        }
        KEPT.add(LoopbackServer.get().accept());
    }
}
