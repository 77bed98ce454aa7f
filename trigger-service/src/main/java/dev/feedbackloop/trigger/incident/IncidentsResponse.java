package dev.feedbackloop.trigger.incident;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Incidents, newest first. */
@Schema(name = "Incidents")
public record IncidentsResponse(List<IncidentResponse> incidents) {
}
