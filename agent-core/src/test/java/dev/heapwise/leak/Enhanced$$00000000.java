package dev.heapwise.leak;

/**
 * The template of a generated class: {@link ClassLoaderGrowthPatternTest} defines copies of its bytes with
 * the eight zeros of the name replaced by a counter ({@code Enhanced$$00000042}), as a code generator
 * names the classes it makes.
 */
final class Enhanced$$00000000 {
}
