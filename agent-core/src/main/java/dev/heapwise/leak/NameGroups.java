package dev.heapwise.leak;

import java.util.regex.Pattern;

/**
 * The family a generated name belongs to: what varies between its members is a counter, a hash or a
 * random suffix, which is folded to '#':
 * <ul>
 *   <li>a hidden class's suffix, after the last '/': {@code Foo$$Lambda/0x0000000800c0b240} is
 *       {@code Foo$$Lambda/#};</li>
 *   <li>the last {@code $} segment, when it holds a digit: a word followed by a number keeps the word
 *       ({@code $Proxy15} is {@code $Proxy#}), anything else is a hash or a random string
 *       ({@code Foo$$EnhancerByCGLIB$$8b2c1f3a} and {@code Foo$ByteBuddy$aB3dE5fG} end in {@code $#});</li>
 *   <li>elsewhere, every run of digits: {@code pool-3-thread-12} is {@code pool-#-thread-#}.</li>
 * </ul>
 * A name without a digit is its own family: a loader defines a name once, so a family of generated
 * classes always differs in digits somewhere (a random suffix without one falls out of its family,
 * which then grows a little slower).
 */
final class NameGroups {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern WORD_AND_NUMBER = Pattern.compile("[A-Za-z_]*\\d+");

    private NameGroups() {
    }

    /** True when the name has something to fold. */
    static boolean foldable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** True for the family of hidden classes (their names carry a '/' and a suffix): each can unload alone. */
    static boolean isHidden(String family) {
        return family.indexOf('/') >= 0;
    }

    static String fold(String name) {
        if (!foldable(name)) {
            return name;
        }
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            return fold(name.substring(0, slash)) + "/#";
        }
        int dollar = name.lastIndexOf('$');
        if (dollar >= 0 && foldable(name.substring(dollar + 1))) {
            String last = name.substring(dollar + 1);
            String folded = WORD_AND_NUMBER.matcher(last).matches() ? DIGITS.matcher(last).replaceAll("#") : "#";
            return DIGITS.matcher(name.substring(0, dollar + 1)).replaceAll("#") + folded;
        }
        return DIGITS.matcher(name).replaceAll("#");
    }
}
