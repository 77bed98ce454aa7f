/** The demo: three weeks of realistic traffic with injected stories, back-filled and then live, through the public API. */
package dev.feedbackloop.launcher.demo;
