// The Lucene peer (Lucene 9.9.1 from the Anserini 0.24.0 fat jar), compiled by bench/setup
// against that jar. Timing happens inside the JVM, so JVM start-up stays out of the figures.
//
//   index   --passages FILE --max-docs N --index DIR [--threads 2] [--ram-mb 256]
//           EnglishAnalyzer without stop words (pressbox and the other peers keep them),
//           positions, stored text, BM25(1.2, 0.75), one commit. Prints JSON.
//   query   --index DIR --queries FILE --mode and|or [--warm N]
//           Top 10 by BM25(1.2, 0.75), stored fields of the hits fetched; the first N queries
//           (default all) once to warm up, then every query once, timed. Prints JSON.
//   scifact --corpus corpus.jsonl --queries queries.jsonl --run OUT [--k1 0.9] [--b 0.4] [--hits 100]
//           Anserini's BEIR "flat" configuration: title + "\n" + text in one field, Anserini's
//           DefaultEnglishAnalyzer (Porter stemmer, Lucene's English stop words), bag-of-words
//           queries (BagOfWordsQueryGenerator); writes a TREC run for every query.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anserini.analysis.DefaultEnglishAnalyzer;
import io.anserini.search.query.BagOfWordsQueryGenerator;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
  static final String FIELD = "text";

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: LuceneBench index|query|scifact ...");
      System.exit(2);
    }
    switch (args[0]) {
      case "index":
        index(args);
        break;
      case "query":
        query(args);
        break;
      case "scifact":
        scifact(args);
        break;
      default:
        System.err.println("unknown command " + args[0]);
        System.exit(2);
    }
  }

  static String opt(String[] args, String name, String dflt) {
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) return args[i + 1];
    }
    if (dflt == null) throw new IllegalArgumentException("missing --" + name);
    return dflt;
  }

  /** The benchmark analyzer: EnglishAnalyzer's chain with no stop words. */
  static Analyzer benchAnalyzer() {
    return new EnglishAnalyzer(CharArraySet.EMPTY_SET);
  }

  static final List<String> POISON = new ArrayList<>();

  static void index(String[] args) throws Exception {
    Path passages = Paths.get(opt(args, "passages", null));
    long max = Long.parseLong(opt(args, "max-docs", String.valueOf(Long.MAX_VALUE)));
    Path dirPath = Paths.get(opt(args, "index", null));
    int threads = Integer.parseInt(opt(args, "threads", "2"));
    double ramMb = Double.parseDouble(opt(args, "ram-mb", "256"));

    long started = System.nanoTime();
    Directory dir = FSDirectory.open(dirPath);
    IndexWriterConfig cfg = new IndexWriterConfig(benchAnalyzer());
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    cfg.setSimilarity(new BM25Similarity(1.2f, 0.75f));
    cfg.setRAMBufferSizeMB(ramMb);
    IndexWriter writer = new IndexWriter(dir, cfg);
    ObjectMapper json = new ObjectMapper();
    BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(64);
    AtomicLong bytes = new AtomicLong();
    Throwable[] failed = new Throwable[1];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                try {
                  while (true) {
                    List<String> batch = queue.take();
                    if (batch == POISON) return;
                    for (String line : batch) {
                      JsonNode rec = json.readTree(line);
                      String text = rec.get("text").asText();
                      bytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
                      Document doc = new Document();
                      doc.add(new StringField("id", rec.get("id").asText(), Field.Store.YES));
                      doc.add(new TextField(FIELD, text, Field.Store.YES));
                      writer.addDocument(doc);
                    }
                  }
                } catch (Throwable e) {
                  failed[0] = e;
                }
              });
      workers[t].start();
    }
    long docs = 0;
    try (BufferedReader in = Files.newBufferedReader(passages, StandardCharsets.UTF_8)) {
      List<String> batch = new ArrayList<>(256);
      String line;
      while (docs < max && (line = in.readLine()) != null) {
        batch.add(line);
        docs++;
        if (batch.size() == 256) {
          queue.put(batch);
          batch = new ArrayList<>(256);
        }
      }
      if (!batch.isEmpty()) queue.put(batch);
    }
    for (int t = 0; t < threads; t++) queue.put(POISON);
    for (Thread w : workers) w.join();
    if (failed[0] != null) throw new RuntimeException(failed[0]);
    writer.commit();
    double seconds = (System.nanoTime() - started) / 1e9;
    // Stop where the commit left the index (merges still running are abandoned, as tantivy's
    // writer does when pressbox drops it).
    writer.rollback();
    int segments = SegmentInfos.readLatestCommit(dir).size();
    dir.close();
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"engine\":\"lucene\",\"docs\":%d,\"passage_bytes\":%d,\"seconds\":%.4f,\"segments\":%d,\"threads\":%d,\"ram_mb\":%.0f}",
            docs, bytes.get(), seconds, segments, threads, ramMb));
  }

  static List<String> terms(Analyzer a, String text) throws Exception {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream(FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(term.toString());
      ts.end();
    }
    return out;
  }

  static void query(String[] args) throws Exception {
    Path dirPath = Paths.get(opt(args, "index", null));
    List<String[]> queries = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(opt(args, "queries", null)), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) queries.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
    }
    String mode = opt(args, "mode", null);
    BooleanClause.Occur occur;
    if (mode.equals("and")) occur = BooleanClause.Occur.MUST;
    else if (mode.equals("or")) occur = BooleanClause.Occur.SHOULD;
    else throw new IllegalArgumentException("--mode and|or");

    Directory dir = FSDirectory.open(dirPath);
    DirectoryReader reader = DirectoryReader.open(dir);
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setSimilarity(new BM25Similarity(1.2f, 0.75f));
    Analyzer analyzer = benchAnalyzer();
    double[] ms = new double[queries.size()];
    Map<String, List<Double>> byKind = new TreeMap<>();
    int noHits = 0;
    int warm = (int) Math.min(queries.size(), Long.parseLong(opt(args, "warm", "1000000000")));
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < (pass == 0 ? warm : queries.size()); i++) {
        long t0 = System.nanoTime();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : new LinkedHashSet<>(terms(analyzer, queries.get(i)[1]))) {
          b.add(new TermQuery(new Term(FIELD, t)), occur);
        }
        TopDocs top = searcher.search(b.build(), 10);
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) stored.document(sd.doc);
        double elapsed = (System.nanoTime() - t0) / 1e6;
        if (pass == 1) {
          ms[i] = elapsed;
          byKind.computeIfAbsent(queries.get(i)[0], k -> new ArrayList<>()).add(elapsed);
          if (top.scoreDocs.length == 0) noHits++;
        }
      }
    }
    StringBuilder kinds = new StringBuilder();
    for (Map.Entry<String, List<Double>> e : byKind.entrySet()) {
      if (kinds.length() > 0) kinds.append(',');
      double[] xs = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      kinds.append('"').append(e.getKey()).append("\":").append(summary(xs));
    }
    String s = summary(ms);
    System.out.println(
        s.substring(0, s.length() - 1)
            + String.format(
                Locale.ROOT,
                ",\"engine\":\"lucene\",\"mode\":\"%s\",\"no_hits\":%d,\"warm\":%d,\"segments\":%d,\"by_kind\":{%s}}",
                mode, noHits, warm, reader.leaves().size(), kinds));
    reader.close();
    dir.close();
  }

  /** Nearest-rank quantile, as the Rust harnesses compute it. */
  static double quantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    rank = Math.max(1, Math.min(sorted.length, rank));
    return sorted[rank - 1];
  }

  static String summary(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    double sum = 0;
    for (double x : s) sum += x;
    return String.format(
        Locale.ROOT,
        "{\"n\":%d,\"p50_ms\":%.4f,\"p95_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,\"max_ms\":%.4f}",
        s.length, quantile(s, 0.5), quantile(s, 0.95), quantile(s, 0.99), sum / s.length,
        s[s.length - 1]);
  }

  static void scifact(String[] args) throws Exception {
    Path corpus = Paths.get(opt(args, "corpus", null));
    Path queriesPath = Paths.get(opt(args, "queries", null));
    Path run = Paths.get(opt(args, "run", null));
    float k1 = Float.parseFloat(opt(args, "k1", "0.9"));
    float b = Float.parseFloat(opt(args, "b", "0.4"));
    int hits = Integer.parseInt(opt(args, "hits", "100"));
    String field = "contents";

    Analyzer analyzer = DefaultEnglishAnalyzer.newDefaultInstance();
    ObjectMapper json = new ObjectMapper();
    Directory dir = new ByteBuffersDirectory();
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
    cfg.setSimilarity(new BM25Similarity(k1, b));
    try (IndexWriter w = new IndexWriter(dir, cfg);
        BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonNode rec = json.readTree(line);
        String title = rec.has("title") ? rec.get("title").asText() : "";
        String text = rec.has("text") ? rec.get("text").asText() : "";
        Document doc = new Document();
        doc.add(new StringField("id", rec.get("_id").asText(), Field.Store.YES));
        doc.add(new TextField(field, title + "\n" + text, Field.Store.NO));
        w.addDocument(doc);
      }
    }
    DirectoryReader reader = DirectoryReader.open(dir);
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setSimilarity(new BM25Similarity(k1, b));
    BagOfWordsQueryGenerator gen = new BagOfWordsQueryGenerator();
    StoredFields stored = searcher.storedFields();
    int n = 0;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(run, StandardCharsets.UTF_8));
        BufferedReader in = Files.newBufferedReader(queriesPath, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonNode rec = json.readTree(line);
        String qid = rec.get("_id").asText();
        Query q = gen.buildQuery(field, analyzer, rec.get("text").asText());
        TopDocs top = searcher.search(q, hits);
        int rank = 1;
        for (ScoreDoc sd : top.scoreDocs) {
          String docid = stored.document(sd.doc).get("id");
          out.println(
              String.format(Locale.ROOT, "%s Q0 %s %d %.6f lucene", qid, docid, rank++, sd.score));
        }
        n++;
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"engine\":\"lucene\",\"docs\":%d,\"queries\":%d,\"k1\":%.2f,\"b\":%.2f}",
            reader.numDocs(), n, k1, b));
    reader.close();
  }
}
