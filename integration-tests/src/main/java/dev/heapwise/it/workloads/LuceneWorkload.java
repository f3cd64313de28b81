package dev.heapwise.it.workloads;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Lucene full-text search over an in-memory directory. One benchmark operation indexes (updates) a few
 * documents and runs a handful of queries; the reader is reopened every 50 operations, as a near-real-
 * time application would. The digest exercise indexes a fixed corpus, queries it every way the core
 * offers (terms, phrases, booleans, ranges, prefixes, fuzzy, sorting by doc values), deletes, merges
 * and queries again, and runs the analyzer itself.
 */
public final class LuceneWorkload implements Workload {
    private static final int CORPUS = 2_000;
    private static final int DIGEST_CORPUS = 400;

    private ByteBuffersDirectory directory;
    private Analyzer analyzer;
    private IndexWriter writer;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private List<Query> queries;

    public static void main(String[] args) {
        WorkloadRunner.main(new LuceneWorkload(), args);
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public void setUp() throws IOException {
        directory = new ByteBuffersDirectory();
        analyzer = new StandardAnalyzer();
        // One thread, merges included, so the same documents always make the same segments.
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setMergeScheduler(new SerialMergeScheduler());
        writer = new IndexWriter(directory, config);
        queries = LuceneCorpus.queries();
    }

    @Override
    public long operation(long i) throws IOException {
        if (reader == null) {
            for (int n = 0; n < CORPUS; n++) {
                writer.addDocument(LuceneCorpus.document(n));
            }
            writer.commit();
            reopen();
        }
        for (int k = 0; k < 4; k++) {
            long n = (i * 4 + k) % CORPUS;
            writer.updateDocument(new Term("id", LuceneCorpus.id(n)), LuceneCorpus.document(n + CORPUS * (i % 3)));
        }
        if (i % 50 == 49) {
            reopen();
        }
        long acc = 0;
        Query q = queries.get((int) (i % queries.size()));
        TopDocs top = searcher.search(q, 10);
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
            acc += stored.document(sd.doc).get("id").length();
        }
        return acc + top.totalHits.value;
    }

    private void reopen() throws IOException {
        DirectoryReader fresh = reader == null ? DirectoryReader.open(writer) : DirectoryReader.openIfChanged(reader, writer);
        if (fresh != null) {
            if (reader != null) {
                reader.close();
            }
            reader = fresh;
            searcher = new IndexSearcher(reader);
        }
    }

    @Override
    public void digest(Digest d) throws IOException {
        for (int n = 0; n < DIGEST_CORPUS; n++) {
            writer.addDocument(LuceneCorpus.document(n));
        }
        writer.commit();
        reopen();
        digestQueries(d);
        writer.deleteDocuments(new Term("category", "books"));
        for (int n = 0; n < 50; n++) {
            writer.updateDocument(new Term("id", LuceneCorpus.id(n)), LuceneCorpus.document(n + 10_000));
        }
        writer.forceMerge(1);
        writer.commit();
        reopen();
        d.add(reader.numDocs()).add(reader.leaves().size());
        digestQueries(d);
        for (int n = 0; n < 40; n++) {
            d.add(tokens(LuceneCorpus.text(n, 12)));
        }
    }

    private void digestQueries(Digest d) throws IOException {
        StoredFields stored = searcher.storedFields();
        for (Query q : queries) {
            d.add(q.toString());
            for (TopDocs top : List.of(searcher.search(q, 20), searcher.search(q, 20, LuceneCorpus.byPriceThenId()),
                    searcher.search(q, 5, Sort.INDEXORDER))) {
                d.add(top.totalHits.value).add(top.totalHits.relation.name());
                for (ScoreDoc sd : top.scoreDocs) {
                    Document doc = stored.document(sd.doc);
                    // Scores rounded: their last bits are float arithmetic, not the document's identity.
                    d.add(doc.get("id")).add(doc.get("title")).add(String.format(Locale.ROOT, "%.4f", sd.score));
                }
            }
            d.add(searcher.count(q));
        }
    }

    private String tokens(String text) throws IOException {
        StringBuilder b = new StringBuilder();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                b.append(term).append('|');
            }
            ts.end();
        }
        return b.toString();
    }

    @Override
    public void tearDown() throws IOException {
        if (reader != null) {
            reader.close();
        }
        writer.close();
        directory.close();
    }
}
