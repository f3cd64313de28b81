package dev.heapwise.leak;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The family an open file descriptor belongs to, from the target {@code /proc/self/fd} links it to. What
 * varies between the members of a leaking family is a number or a random name, so:
 * <ul>
 *   <li>a file's path has every part between {@code / . - _} that holds a digit folded to '#':
 *       {@code /tmp/upload-17.tmp} is {@code /tmp/upload-#.tmp}, a UUID-named file {@code /data/#-#-#-#-#.bin};
 *       a deleted file keeps its {@code (deleted)} mark, since a leaked temporary file also holds its disk space;</li>
 *   <li>a kernel object named by its inode ({@code pipe:[81234]}, {@code socket:[81235]}) is its kind;</li>
 *   <li>an anonymous inode keeps its kind ({@code anon_inode:[eventpoll]} is what a {@code Selector} opens).</li>
 * </ul>
 * Sockets are named in more detail by {@link TcpSockets} where the kernel's TCP tables know them.
 */
final class DescriptorTargets {
    static final String DELETED = " (deleted)";
    private static final Pattern INODE_OBJECT = Pattern.compile("([a-z_]+):\\[(\\d+)]");
    private static final Pattern PART_WITH_DIGIT = Pattern.compile("[^/._\\-]*\\d[^/._\\-]*");

    private DescriptorTargets() {
    }

    /** The family of one target. */
    static String fold(String target) {
        Matcher inode = INODE_OBJECT.matcher(target);
        if (inode.matches()) {
            return inode.group(1);
        }
        if (target.startsWith("anon_inode:")) {
            return target;
        }
        boolean deleted = target.endsWith(DELETED);
        String path = deleted ? target.substring(0, target.length() - DELETED.length()) : target;
        String folded = PART_WITH_DIGIT.matcher(path).replaceAll("#");
        return deleted ? folded + DELETED : folded;
    }

    /** The inode of a socket target ({@code socket:[81235]}), or -1 for any other. */
    static long socketInode(String target) {
        if (!target.startsWith("socket:[") || !target.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(target.substring("socket:[".length(), target.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
