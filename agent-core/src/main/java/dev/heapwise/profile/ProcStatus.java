package dev.heapwise.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the process's resident and virtual memory from {@code /proc/self/status} (Linux). Lines look
 * like {@code "VmRSS:\t  365456 kB"}. Elsewhere, or when unreadable, reports unavailable.
 */
public final class ProcStatus {
    private final Path file;

    public ProcStatus() {
        this(Path.of("/proc/self/status"));
    }

    ProcStatus(Path file) {
        this.file = file;
    }

    public MemoryProfile.ProcessMemory read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return MemoryProfile.ProcessMemory.unavailable();
        }
        Long rss = null, hwm = null, size = null, anon = null, fileRss = null, shmem = null, swap = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            switch (name) {
                case "VmRSS": rss = kilobytes(line, colon); break;
                case "VmHWM": hwm = kilobytes(line, colon); break;
                case "VmSize": size = kilobytes(line, colon); break;
                case "RssAnon": anon = kilobytes(line, colon); break;
                case "RssFile": fileRss = kilobytes(line, colon); break;
                case "RssShmem": shmem = kilobytes(line, colon); break;
                case "VmSwap": swap = kilobytes(line, colon); break;
                default: break;
            }
        }
        if (rss == null) {
            return MemoryProfile.ProcessMemory.unavailable();
        }
        return new MemoryProfile.ProcessMemory(true, rss, hwm, size, anon, fileRss, shmem, swap);
    }

    private static Long kilobytes(String line, int colon) {
        String rest = line.substring(colon + 1).trim();
        int space = rest.indexOf(' ');
        String digits = space < 0 ? rest : rest.substring(0, space);
        try {
            return Long.parseLong(digits) * 1024L;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
