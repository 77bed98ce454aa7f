package dev.feedbackloop.support.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.axonframework.common.AxonThreadFactory;
import reactor.core.scheduler.Schedulers;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * Threads for work nobody waits on: the event processors (coordinators and workers) and the event store's producer,
 * which bring the read models up to date after a write has been answered. They run at {@link Thread#MIN_PRIORITY}.
 * <p>
 * On Linux the JVM passes a thread's priority on to the OS only when started with {@value #JVM_FLAG}; the threads
 * then run with a nice value of 4, and the scheduler gives the threads that answer requests and store their writes
 * (nice 0) about 2.4 times their share of a core when both want one. On a machine short of cores that is what keeps
 * an OTLP export or a feedback POST from waiting behind the projections it feeds. {@code bin/platform}, the
 * Dockerfile and the benchmarks set the flag; {@link #describe()} says at start-up whether it is in effect. Lowering
 * a priority needs no privilege; raising one would, so nothing here does.
 * <p>
 * A thread takes the priority of the thread that creates it. Pools that create threads lazily inherit the
 * background's priority when a background thread first uses them; Reactor's schedulers serve requests, so
 * {@link #keepReactorAtNormalPriority()} puts each of their threads back to normal before it runs a task. Other such
 * pools may still start low: the MongoDB driver's connection getters ({@code AsyncGetter-*}) when a projection is the
 * first to wait for a connection.
 */
public final class BackgroundThreads {

    /** The JVM flag that makes Java thread priorities OS priorities on Linux. */
    public static final String JVM_FLAG = "-XX:ThreadPriorityPolicy=1";
    public static final int PRIORITY = Thread.MIN_PRIORITY;
    /** The names of the threads created here (Axon's factory numbers them "group-N"). */
    public static final Pattern NAMES = Pattern.compile("^(Coordinator\\[.*]|WorkPackage\\[.*]|EmbeddedEventStore)-\\d+$");
    private static final String REACTOR_HOOK = "platform-normal-priority";

    private BackgroundThreads() {
    }

    /** A factory of threads named {@code group-N} at the background priority, as Axon names its own. */
    public static ThreadFactory factory(String group) {
        return new AxonThreadFactory(PRIORITY, new ThreadGroup(group));
    }

    /** A scheduled pool of {@code size} background threads, as Axon's own default for a processor but lower. */
    public static ScheduledExecutorService scheduledPool(int size, String group) {
        return Executors.newScheduledThreadPool(size, factory(group));
    }

    /**
     * Every task Reactor schedules first puts its thread back to {@link Thread#NORM_PRIORITY} when it finds it lower.
     * Idempotent; costs a field read per task.
     */
    public static void keepReactorAtNormalPriority() {
        Schedulers.onScheduleHook(REACTOR_HOOK, task -> () -> {
            Thread current = Thread.currentThread();
            if (current.getPriority() < Thread.NORM_PRIORITY) {
                current.setPriority(Thread.NORM_PRIORITY);
            }
            task.run();
        });
    }

    /** Whether the OS sees the background's lower priority (the JVM flag is set and thread priorities are used). */
    public static boolean lowerPriorityInEffect() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && "true".equals(vm.getVMOption("UseThreadPriorities").getValue())
                    && "1".equals(vm.getVMOption("ThreadPriorityPolicy").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** One line for the start-up log. */
    public static String describe() {
        return lowerPriorityInEffect()
                ? "Event processors run at a lower OS priority than request handling and ingestion (" + JVM_FLAG + ")"
                : "Event processors run at the same OS priority as request handling: start the JVM with " + JVM_FLAG
                + " (bin/platform and the Docker image do) so that under load requests are served first";
    }
}
