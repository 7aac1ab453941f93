package no.grantreports.reexport.bench;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our xlsx writer before and after a change, in ONE JVM: each build's classes in a class loader of
 * their own, runs alternating, each timed by the thread's CPU time. On a shared machine this is far
 * steadier than two separate runs of {@link XlsxBenchmark}, whose JIT state and neighbours differ.
 * Run by bench/xlsx-ab.sh.
 *
 * <p>Arguments: rows, rounds, classpath of the build before, classpath of the build after.
 */
public final class XlsxWriterAB {
    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Method before = writer(args[2]);
        Method after = writer(args[3]);
        Method poi = before.getDeclaringClass().getDeclaredMethod("writePoi", int.class, OutputStream.class);
        poi.setAccessible(true);
        for (int i = 0; i < 3; i++) { // warm-up
            before.invoke(null, 20_000, OutputStream.nullOutputStream());
            after.invoke(null, 20_000, OutputStream.nullOutputStream());
            poi.invoke(null, 20_000, OutputStream.nullOutputStream());
        }
        List<Double> b = new ArrayList<>(), a = new ArrayList<>(), p = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            b.add(cpu(before, rows));
            a.add(cpu(after, rows));
            p.add(cpu(poi, rows));
            System.out.printf(Locale.ROOT, "round %d: before %.2f s, after %.2f s, poi %.2f s%n", r + 1, b.get(r), a.get(r), p.get(r));
        }
        double mb = median(b), ma = median(a), mp = median(p);
        System.out.printf(Locale.ROOT, "rows=%d medians (thread CPU): before %.2f s, after %.2f s (after/before %.3f), poi %.2f s; ours/POI before %.3f after %.3f%n",
                rows, mb, ma, ma / mb, mp, mb / mp, ma / mp);
    }

    static Method writer(String classpath) throws Exception {
        URL[] urls = Arrays.stream(classpath.split(":")).map(s -> {
            try { return Path.of(s).toUri().toURL(); } catch (Exception e) { throw new RuntimeException(e); }
        }).toArray(URL[]::new);
        ClassLoader loader = new URLClassLoader(urls, XlsxWriterAB.class.getClassLoader());
        Method m = loader.loadClass("no.grantreports.reexport.bench.XlsxBenchmark").getDeclaredMethod("writeOurs", int.class, OutputStream.class);
        m.setAccessible(true);
        return m;
    }

    static double cpu(Method m, int rows) throws Exception {
        System.gc();
        var t = ManagementFactory.getThreadMXBean();
        long s = t.getCurrentThreadCpuTime();
        m.invoke(null, rows, OutputStream.nullOutputStream());
        return (t.getCurrentThreadCpuTime() - s) / 1e9;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
