package dev.heapwise.vm;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/**
 * The JVM's flags as the tuner reads and writes them. An interface so that the tuner's decisions can
 * be tested against a map; {@link #hotSpot()} is the real one, through {@code HotSpotDiagnosticMXBean}.
 */
public interface VmFlags {
    /** The flag's value as text, or null where this JVM has no such flag. */
    String get(String name);

    /** True when the flag exists and is manageable (settable while the JVM runs). */
    boolean writeable(String name);

    /** Sets a manageable flag; throws {@link IllegalArgumentException} with the JVM's reason when refused. */
    void set(String name, String value);

    static VmFlags hotSpot() {
        return HotSpot.INSTANCE;
    }

    /** Through the platform's HotSpotDiagnosticMXBean (present on HotSpot JVMs: OpenJDK, Temurin). */
    final class HotSpot implements VmFlags {
        static final HotSpot INSTANCE = new HotSpot();

        private HotSpot() {
        }

        private static HotSpotDiagnosticMXBean bean() {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        }

        @Override
        public String get(String name) {
            try {
                return bean().getVMOption(name).getValue();
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean writeable(String name) {
            try {
                VMOption option = bean().getVMOption(name);
                return option.isWriteable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void set(String name, String value) {
            try {
                bean().setVMOption(name, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the JVM refused " + name + "=" + value + ": " + e.getMessage(), e);
            }
        }
    }
}
