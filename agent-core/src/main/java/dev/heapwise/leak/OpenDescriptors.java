package dev.heapwise.leak;

import dev.heapwise.profile.FileDescriptorCount;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads this process's open file descriptors from {@code /proc/self/fd}: how many, the limit, and the family
 * of each ({@link DescriptorTargets}, sockets by {@link TcpSockets}). Bounded whatever the process holds:
 * the link targets of at most {@link #MAX_READ} descriptors are read, a uniform sample of them (reservoir
 * sampling over the directory) when there are more, so each family's count is its share of the sample times
 * the open count.
 */
final class OpenDescriptors {
    static final Path DIRECTORY = Path.of("/proc/self/fd");
    static final int MAX_READ = 4096;
    private static final int EXAMPLES = 3;

    /**
     * One reading.
     *
     * @param open     descriptors open (the reading's own directory handle left out)
     * @param limit    the process's limit on them, -1 when unknown
     * @param families descriptors per family, estimated when only a sample was read
     * @param examples up to three targets of each family
     */
    record Reading(int open, long limit, Map<String, Double> families, Map<String, List<String>> examples) {
    }

    private final FileDescriptorCount count = FileDescriptorCount.ofThisJvm();

    /** True where the process's descriptors can be read (Linux). */
    static boolean available() {
        return Files.isDirectory(DIRECTORY);
    }

    Reading read() throws IOException {
        int[] sample = new int[MAX_READ];
        int seen = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(DIRECTORY)) {
            for (Path entry : entries) {
                int fd;
                try {
                    fd = Integer.parseInt(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (seen < MAX_READ) {
                    sample[seen] = fd;
                } else {
                    int slot = random.nextInt(seen + 1);
                    if (slot < MAX_READ) {
                        sample[slot] = fd;
                    }
                }
                seen++;
            }
        }
        int open = Math.max(0, seen - 1); // the directory stream's own descriptor
        List<String> targets = new ArrayList<>(Math.min(seen, MAX_READ));
        for (int i = 0; i < Math.min(seen, MAX_READ); i++) {
            try {
                String target = Files.readSymbolicLink(DIRECTORY.resolve(Integer.toString(sample[i]))).toString();
                if (!isThisReadingsDirectory(target)) {
                    targets.add(target);
                }
            } catch (IOException | UnsupportedOperationException closedSince) {
                // closed between the listing and now
            }
        }
        return of(open, limit(), targets, seen > MAX_READ);
    }

    /**
     * The reading of {@code targets}: families named, and when they are a sample of the {@code open} descriptors,
     * counts scaled to them (else each target counts once: some closed between the listing and the reading).
     */
    static Reading of(int open, long limit, List<String> targets, boolean sampled) {
        long[] inodes = new long[targets.size()];
        Set<Long> sockets = new HashSet<>();
        for (int i = 0; i < inodes.length; i++) {
            inodes[i] = DescriptorTargets.socketInode(targets.get(i));
            if (inodes[i] >= 0) {
                sockets.add(inodes[i]);
            }
        }
        Map<Long, TcpSockets.Named> tcp = sockets.isEmpty() ? Map.of() : TcpSockets.groups(sockets);
        double scale = sampled && !targets.isEmpty() ? (double) open / targets.size() : 1;
        Map<String, Double> families = new HashMap<>();
        Map<String, List<String>> examples = new HashMap<>();
        for (int i = 0; i < inodes.length; i++) {
            String t = targets.get(i);
            TcpSockets.Named socket = inodes[i] >= 0 ? tcp.get(inodes[i]) : null;
            String family = socket != null ? socket.family() : DescriptorTargets.fold(t);
            families.merge(family, scale, Double::sum);
            List<String> ex = examples.computeIfAbsent(family, k -> new ArrayList<>(EXAMPLES));
            if (ex.size() < EXAMPLES) {
                ex.add(socket != null ? socket.example() : t);
            }
        }
        return new Reading(open, limit, families, examples);
    }

    /** The directory stream this reading opened, seen as /proc/<pid>/fd (or /proc/<pid>/task/<tid>/fd). */
    private static boolean isThisReadingsDirectory(String target) {
        return target.startsWith("/proc/") && target.endsWith("/fd");
    }

    private long limit() {
        Long max = count.max();
        return max == null ? -1 : max;
    }
}
