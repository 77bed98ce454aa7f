/** The analysis write side: the Model aggregate, which records released model versions. */
package dev.feedbackloop.analysis.command;
