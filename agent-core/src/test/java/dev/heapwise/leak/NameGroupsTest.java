package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameGroupsTest {
    @Test
    void countersHashesAndRandomSuffixesFold() {
        assertThat(NameGroups.fold("leaky-worker-17")).isEqualTo("leaky-worker-#");
        assertThat(NameGroups.fold("pool-3-thread-12")).isEqualTo("pool-#-thread-#");
        assertThat(NameGroups.fold("com.acme.Foo$$EnhancerByCGLIB$$8b2c1f3a")).isEqualTo("com.acme.Foo$$EnhancerByCGLIB$$#");
        assertThat(NameGroups.fold("com.acme.Foo$$EnhancerByCGLIB$$0b2c1f3a")).isEqualTo("com.acme.Foo$$EnhancerByCGLIB$$#");
        assertThat(NameGroups.fold("com.acme.Foo$ByteBuddy$aB3dE5fG")).isEqualTo("com.acme.Foo$ByteBuddy$#");
        assertThat(NameGroups.fold("com.acme.Foo$$Lambda$14/0x0000000800c0b240")).isEqualTo("com.acme.Foo$$Lambda$#/#");
        assertThat(NameGroups.fold("com.acme.Foo$$Lambda/0x0000000801001800")).isEqualTo("com.acme.Foo$$Lambda/#");
        assertThat(NameGroups.fold("jdk.proxy2.$Proxy15")).isEqualTo("jdk.proxy#.$Proxy#");
        assertThat(NameGroups.fold("Foo$1")).isEqualTo("Foo$#");
        assertThat(NameGroups.fold("org.acme.codec.Base64Decoder")).isEqualTo("org.acme.codec.Base#Decoder");
        assertThat(NameGroups.fold("main")).isEqualTo("main");
        assertThat(NameGroups.foldable("main")).isFalse();
    }
}
