// PSI micro-benchmark (issue 3 target: <= 50 ms for 1,000,000 samples against cached reference bins).
// Run: mvn -q -B -DskipTests install && java -cp analysis-service/target/classes bench/PsiBench.java
import dev.feedbackloop.analysis.drift.*;
import java.util.*;
public class PsiBench { public static void main(String[] a) {
  Random r = new Random(1); double[] ref = new double[100_000]; for (int i = 0; i < ref.length; i++) ref[i] = r.nextGaussian();
  NumericBins bins = NumericBins.deciles(ref); long[] refCounts = bins.count(ref); Psi psi = Psi.withDefaults();
  double[] cur = new double[1_000_000]; for (int i = 0; i < cur.length; i++) cur[i] = r.nextGaussian() + 0.3;
  long[] times = new long[25]; double v = 0;
  for (int k = 0; k < times.length; k++) { long t0 = System.nanoTime(); v += psi.compare(refCounts, bins.count(cur)).value(); times[k] = System.nanoTime() - t0; }
  long[] measured = Arrays.copyOfRange(times, 5, times.length); Arrays.sort(measured);
  System.out.printf("PSI over 1,000,000 samples against cached bins: median %.1f ms, max %.1f ms (20 runs after 5 warm-up) [%f]%n", measured[measured.length/2]/1e6, measured[measured.length-1]/1e6, v);
}}
