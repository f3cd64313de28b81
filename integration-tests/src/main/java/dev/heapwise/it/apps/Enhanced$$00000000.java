package dev.heapwise.it.apps;

/**
 * The template of the classes {@link LeakScenarios}' {@code generated} scenario makes: copies of these bytes
 * with the eight zeros of the name replaced by a counter ({@code Enhanced$$00000042}), defined into the
 * application's own loader, as a proxy or enhancer library makes a class per call when its cache is off.
 */
public final class Enhanced$$00000000 {
}
