package dev.feedbackloop.launcher;

import java.util.List;

/** kill -9 on the embedded default: H2 file (WRITE_DELAY=0) and the embedded MongoDB-compatible server. */
class EmbeddedDurabilityTest extends DurabilityContract {

    @Override
    List<String> storeArguments() {
        return List.of();
    }
}
