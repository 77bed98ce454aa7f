package dev.feedbackloop.trigger.alert;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Alerts, newest first. */
@Schema(name = "Alerts")
public record AlertsResponse(List<AlertResponse> alerts) {
}
