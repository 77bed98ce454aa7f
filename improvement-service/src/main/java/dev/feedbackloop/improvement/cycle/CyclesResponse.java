package dev.feedbackloop.improvement.cycle;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Cycles, newest week first. */
@Schema(name = "ImprovementCycles")
public record CyclesResponse(List<CycleResponse> cycles) {
}
