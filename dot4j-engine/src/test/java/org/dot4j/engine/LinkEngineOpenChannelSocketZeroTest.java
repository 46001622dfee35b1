package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Found by EngineRoleFuzzTest: {@code openChannel} with peer socket 0 (the transaction channel) throws the
 * IllegalArgumentException of {@link ChannelKey} instead of refusing with an {@link EngineException}, as every
 * other command does (getSocketId wraps its argument check the same way). Fixed; kept as its regression test.
 */
class LinkEngineOpenChannelSocketZeroTest {

    @Test
    void openingAChannelToSocketZeroIsRefusedWithAnEngineException() {
        EnginePair pair = EnginePair.standard().initialized(LinkEngineBadInputTest.PRINT);
        pair.host.registerSocket(new LocalSocket(5, "", ChannelMode.STREAM, 8192, 1024, 1024, false));
        assertThatThrownBy(() -> pair.host.openChannel(5, 0)).isInstanceOf(EngineException.class);
    }
}
