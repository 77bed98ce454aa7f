/** The HTTP edge: how long and how much one client may hold of the server, and which bodies the API reads. */
package dev.feedbackloop.support.http;
