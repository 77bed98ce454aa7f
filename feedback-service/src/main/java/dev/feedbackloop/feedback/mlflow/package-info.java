/** The MLflow 3 door to assessments: MLflow's REST paths, JSON shapes, error format and bearer auth, onto the same aggregate as the native API. */
package dev.feedbackloop.feedback.mlflow;
