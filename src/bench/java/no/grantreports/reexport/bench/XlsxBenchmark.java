package no.grantreports.reexport.bench;

import no.grantreports.reexport.export.ExportDocument;
import no.grantreports.reexport.report.RowSource;
import no.grantreports.reexport.export.XlsxReportWriter;
import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.ReportContent.Column;
import no.grantreports.reexport.report.ReportContent.ColumnType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * xlsx generation speed, side by side in one JVM and one run: our writer (fastexcel), Apache POI
 * SXSSF writing the same cells with the same formats, and a bare Deflater at fastexcel's level (4)
 * over the sheet XML our writer produced — the compression limit. Run by bench/xlsx-bench.sh.
 *
 * <p>Arguments: row counts (default 100000 1000000). Prints one line per run and the ratios last.
 */
public final class XlsxBenchmark {

    static final int COLUMNS = 10;
    static final List<Column> COLUMN_DEFS = List.of(
            Column.of("id", "ID", ColumnType.INTEGER), Column.of("name", "Name", ColumnType.TEXT),
            new Column("amount", LocalizedText.of("Amount"), ColumnType.CURRENCY, "NOK"),
            Column.of("share", "Share", ColumnType.PERCENT), Column.of("ratio", "Ratio", ColumnType.DECIMAL),
            Column.of("day", "Day", ColumnType.DATE), Column.of("at", "At", ColumnType.DATETIME),
            Column.of("ok", "OK", ColumnType.BOOLEAN), Column.of("count", "Count", ColumnType.INTEGER),
            Column.of("note", "Note", ColumnType.TEXT));

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100_000, 1_000_000);
        }
        warmUp();
        if (Boolean.getBoolean("bench.profileOurs")) { // for a profiler: our writer alone, repeatedly
            for (int i = 0; i < 10; i++) {
                writeOurs(sizes.get(0), OutputStream.nullOutputStream());
            }
            return;
        }
        System.out.printf("%-10s %10s %10s %10s %12s %14s %12s%n", "writer", "rows", "seconds", "cpu s", "rows/s", "peak heap MiB", "file MiB");
        List<String> ratios = new ArrayList<>();
        for (int rows : sizes) {
            Path ourFile = Files.createTempFile("bench-ours-", ".xlsx");
            Path poiFile = Files.createTempFile("bench-poi-", ".xlsx");
            Result ours = measure("fastexcel", rows, () -> writeOurs(rows, Files.newOutputStream(ourFile)));
            Result poi = measure("poi-sxssf", rows, () -> writePoi(rows, Files.newOutputStream(poiFile)));
            Path sheetXml = sheetXml(ourFile);
            Files.delete(ourFile);
            Files.delete(poiFile);
            Result deflate = measure("deflate-4", rows, () -> deflate(sheetXml));
            Files.delete(sheetXml);
            ratios.add(String.format(Locale.ROOT, "rows=%d: time ours/POI = %.2f (goal <= 0.5); rows/s ours/deflate-limit = %.2f (goal >= 0.4)",
                    rows, ours.seconds / poi.seconds, ours.rowsPerSecond() / deflate.rowsPerSecond()));
            ratios.add(String.format(Locale.ROOT, "rows=%d: thread CPU ours/POI = %.2f; ours/deflate-limit = %.2f (deflate CPU / ours CPU)",
                    rows, ours.cpuSeconds / poi.cpuSeconds, deflate.cpuSeconds / ours.cpuSeconds));
        }
        System.out.println();
        ratios.forEach(System.out::println);
    }

    /** cpuSeconds: the benchmark thread's own CPU time, which a busy machine disturbs far less than wall time. */
    record Result(String name, int rows, double seconds, double cpuSeconds, long peakHeap, long bytes) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    interface Job {
        long run() throws Exception;
    }

    static Result measure(String name, int rows, Job job) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        var threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long bytes = job.run();
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Result result = new Result(name, rows, seconds, cpuSeconds, peak, bytes);
        System.out.printf(Locale.ROOT, "%-10s %10d %10.2f %10.2f %12.0f %14.1f %12.1f%n", name, rows, seconds, cpuSeconds,
                result.rowsPerSecond(), peak / 1048576.0, bytes / 1048576.0);
        return result;
    }

    static void warmUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            writeOurs(20_000, new ByteArrayOutputStream());
            writePoi(20_000, new ByteArrayOutputStream());
        }
    }

    /**
     * The rows both writers get: a ring of precomputed rows, so the benchmark measures writing,
     * not making up data (which would otherwise be close to half of the time).
     */
    static final List<List<Object>> RING = java.util.stream.IntStream.range(0, 10_000).mapToObj(XlsxBenchmark::makeRow).toList();

    static List<Object> row(int i) {
        return RING.get(i % RING.size());
    }

    static List<Object> makeRow(int i) {
        List<Object> cells = new ArrayList<>(COLUMNS);
        cells.add(i);
        cells.add("Row " + i + " of the benchmark report");
        cells.add((i * 3 % 1_000_000) + 0.25);
        cells.add((i % 100) / 100.0);
        cells.add((i % 7) + 0.5);
        cells.add("2025-0" + (1 + i % 9) + "-1" + (i % 9));
        cells.add("2025-06-0" + (1 + i % 9) + "T12:00:00Z");
        cells.add(i % 2 == 0);
        cells.add(i % 1000);
        cells.add("note " + (i % 13));
        return cells;
    }

    static long writeOurs(int rows, OutputStream target) throws IOException {
        ExportDocument doc = new ExportDocument("rpt_bench", "org_bench", "benchmark", LocalizedText.of("Benchmark"),
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), Instant.parse("2026-01-01T00:00:00Z"), "bench",
                1, "xlsx", false, Locale.forLanguageTag("en-GB"), Instant.now(),
                new ReportContent(List.of(ReportContent.Section.table("data", "Data", COLUMN_DEFS, rows)), List.of()));
        RowSource source = (part, consumer) -> {
            for (int i = 0; i < rows; i++) {
                consumer.accept(row(i));
            }
        };
        CountingStream out = new CountingStream(target);
        try (out) {
            new XlsxReportWriter().write(doc, source, out);
        }
        return out.count;
    }

    static long writePoi(int rows, OutputStream target) throws IOException {
        try (org.apache.poi.xssf.streaming.SXSSFWorkbook workbook = new org.apache.poi.xssf.streaming.SXSSFWorkbook(100);
             CountingStream out = new CountingStream(target)) {
            var formats = workbook.createDataFormat();
            var integer = style(workbook, formats.getFormat("#,##0"));
            var decimal = style(workbook, formats.getFormat("#,##0.00"));
            var currency = style(workbook, formats.getFormat("#,##0.00 \"NOK\""));
            var percent = style(workbook, formats.getFormat("0.0%"));
            var date = style(workbook, formats.getFormat("dd/mm/yyyy"));
            var dateTime = style(workbook, formats.getFormat("dd/mm/yyyy hh:mm"));
            var cover = workbook.createSheet("Cover");
            cover.createRow(0).createCell(0).setCellValue("Benchmark");
            var sheet = workbook.createSheet("Data");
            var header = sheet.createRow(0);
            for (int c = 0; c < COLUMNS; c++) {
                header.createCell(c).setCellValue(COLUMN_DEFS.get(c).key());
            }
            sheet.createFreezePane(0, 1);
            for (int i = 0; i < rows; i++) {
                List<Object> cells = row(i);
                var r = sheet.createRow(i + 1);
                set(r.createCell(0), ((Number) cells.get(0)).doubleValue(), integer);
                r.createCell(1).setCellValue((String) cells.get(1));
                set(r.createCell(2), (Double) cells.get(2), currency);
                set(r.createCell(3), (Double) cells.get(3), percent);
                set(r.createCell(4), (Double) cells.get(4), decimal);
                var d = r.createCell(5);
                d.setCellValue(LocalDate.parse((String) cells.get(5)));
                d.setCellStyle(date);
                var t = r.createCell(6);
                t.setCellValue(OffsetDateTime.parse((String) cells.get(6)).toLocalDateTime());
                t.setCellStyle(dateTime);
                r.createCell(7).setCellValue((Boolean) cells.get(7) ? "Yes" : "No");
                set(r.createCell(8), ((Number) cells.get(8)).doubleValue(), integer);
                r.createCell(9).setCellValue((String) cells.get(9));
            }
            sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, rows, 0, COLUMNS - 1));
            workbook.write(out);
            workbook.dispose();
            return out.count;
        }
    }

    static org.apache.poi.ss.usermodel.CellStyle style(org.apache.poi.xssf.streaming.SXSSFWorkbook workbook, short format) {
        var style = workbook.createCellStyle();
        style.setDataFormat(format);
        return style;
    }

    static void set(org.apache.poi.ss.usermodel.Cell cell, double value, org.apache.poi.ss.usermodel.CellStyle style) {
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    /** The uncompressed XML of the data sheet our writer produced (sheet 2, after the cover), in a file. */
    static Path sheetXml(Path xlsx) throws IOException {
        Path xml = Files.createTempFile("bench-sheet-", ".xml");
        try (ZipFile zip = new ZipFile(xlsx.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("xl/worksheets/sheet2.xml"))) {
            Files.copy(in, xml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return xml;
    }

    /** The compression limit: the same XML, read from a (cached) file and deflated at level 4, nothing else. */
    static long deflate(Path xml) throws IOException {
        Deflater deflater = new Deflater(4, true);
        CountingStream counter = new CountingStream(OutputStream.nullOutputStream());
        try (InputStream in = Files.newInputStream(xml);
             OutputStream out = new java.util.zip.DeflaterOutputStream(counter, deflater, 64 * 1024)) {
            in.transferTo(out);
        } finally {
            deflater.end();
        }
        return counter.count;
    }

    /** Counts what is written. */
    static final class CountingStream extends OutputStream {
        private final OutputStream target;
        long count;

        CountingStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
