/** Runs every service in one process on one port: the zero-setup way to use the platform. */
package dev.feedbackloop.launcher;
