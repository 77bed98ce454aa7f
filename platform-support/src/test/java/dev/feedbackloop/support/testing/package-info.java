/** Test helpers shared by every module: throwaway data directories and PostgreSQL databases, sample events. */
package dev.feedbackloop.support.testing;
