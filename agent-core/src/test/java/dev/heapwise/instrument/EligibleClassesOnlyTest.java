package dev.heapwise.instrument;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class EligibleClassesOnlyTest {
    private static final byte[] CHANGED = {1};
    private final ResettableClassFileTransformer byteBuddy = mock(ResettableClassFileTransformer.class);
    private final EligibleClassesOnly transformer = new EligibleClassesOnly(byteBuddy, new ClassFilter("", ""));
    private final ClassLoader application = new URLClassLoader(new URL[0], ClassLoader.getSystemClassLoader());

    @Test
    void theApplicationsClassesReachByteBuddy() throws Exception {
        when(byteBuddy.transform(any(), any(), eq("com/acme/Orders"), any(), any(), any())).thenReturn(CHANGED);
        assertThat(transformer.transform(null, application, "com/acme/Orders", null, null, new byte[0])).isEqualTo(CHANGED);
        when(byteBuddy.transform(any(), eq("com/acme/Invoices"), any(), any(), any())).thenReturn(CHANGED);
        assertThat(transformer.transform(application, "com/acme/Invoices", null, null, new byte[0])).isEqualTo(CHANGED);
    }

    @Test
    void theJdksTheAgentsAndOtherAgentsClassesNeverDo() throws Exception {
        byte[] none = new byte[0];
        assertThat(transformer.transform(null, null, "java/util/HashMap", null, null, none)).isNull();
        assertThat(transformer.transform(null, ClassLoader.getPlatformClassLoader(), "java/sql/Date", null, null, none)).isNull();
        assertThat(transformer.transform(null, application, "dev/heapwise/leak/LeakDetector", null, null, none)).isNull();
        assertThat(transformer.transform(null, application, "net/bytebuddy/ByteBuddy", null, null, none)).isNull();
        assertThat(transformer.transform(application, "io/opentelemetry/javaagent/Agent", null, null, none)).isNull();
        // a JDK module the application loader defines (javac)
        Module compiler = ModuleLayer.boot().findModule("jdk.compiler").orElse(null);
        if (compiler != null) {
            assertThat(transformer.transform(compiler, application, "com/sun/tools/javac/Main", null, null, none)).isNull();
        }
        verify(byteBuddy, never()).transform(any(), any(), any(), any(), any(), any());
        verify(byteBuddy, never()).transform(any(), any(), any(), any(), any());
    }

    @Test
    void aClassWithoutANameIsLeftToByteBuddy() throws Exception {
        transformer.transform(null, application, null, null, null, new byte[0]);
        verify(byteBuddy).transform(any(), eq(application), eq(null), any(), any(), any());
    }
}
