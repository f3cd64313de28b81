package dev.heapwise.it.workloads;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;

import java.util.List;
import java.util.SplittableRandom;

/** The documents and queries of {@link LuceneWorkload}: document {@code n} is the same on every run. */
final class LuceneCorpus {
    private static final String[] WORDS = ("memory heap garbage collector allocation sampling agent profile pause"
            + " young old region survivor eden tenured thread stack frame class loader metaspace buffer direct"
            + " mapped native compaction leak pool weak reference finalizer safepoint barrier card table remembered"
            + " set humongous object array string boxed integer lambda capture inline escape analysis scalar").split(" ");
    private static final String[] CATEGORIES = {"books", "tools", "toys", "food", "music"};

    private LuceneCorpus() {
    }

    static String id(long n) {
        return "doc-" + n;
    }

    /** Words drawn with a skew towards the front of the list, so some terms are common and some rare. */
    static String text(long seed, int words) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int w = (int) Math.min(WORDS.length - 1, Math.abs(r.nextGaussian()) * WORDS.length / 3);
            b.append(i == 0 ? "" : r.nextInt(9) == 0 ? ", " : " ").append(WORDS[w]);
            if (r.nextInt(15) == 0) {
                b.append('-').append(r.nextInt(100));
            }
        }
        return b.toString();
    }

    static Document document(long n) {
        long docId = n % 2_000;
        SplittableRandom r = new SplittableRandom(n);
        Document doc = new Document();
        doc.add(new StringField("id", id(docId), Field.Store.YES));
        doc.add(new TextField("title", text(n + 1_000_003, 3 + r.nextInt(4)), Field.Store.YES));
        doc.add(new TextField("body", text(n, 20 + r.nextInt(60)), Field.Store.NO));
        String category = CATEGORIES[(int) (n % CATEGORIES.length)];
        doc.add(new StringField("category", category, Field.Store.YES));
        doc.add(new SortedDocValuesField("category", new BytesRef(category)));
        int price = 100 + r.nextInt(10_000);
        doc.add(new IntPoint("price", price));
        doc.add(new NumericDocValuesField("price", price));
        doc.add(new StoredField("price", price));
        doc.add(new LongPoint("published", 1_600_000_000_000L + n * 86_400_000L));
        doc.add(new SortedDocValuesField("id", new BytesRef(id(docId))));
        return doc;
    }

    static List<Query> queries() {
        PhraseQuery phrase = new PhraseQuery("body", "garbage", "collector");
        PhraseQuery sloppy = new PhraseQuery(2, "body", "heap", "allocation");
        Query bool = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("body", "memory")), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term("body", "leak")), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term("title", "agent")), BooleanClause.Occur.SHOULD)
                .add(IntPoint.newRangeQuery("price", 1_000, 6_000), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("category", "food")), BooleanClause.Occur.MUST_NOT)
                .build();
        return List.of(new TermQuery(new Term("body", "heap")), phrase, sloppy, bool,
                new PrefixQuery(new Term("body", "sur")), new WildcardQuery(new Term("title", "ga*ge")),
                new FuzzyQuery(new Term("body", "colector"), 2),
                LongPoint.newRangeQuery("published", 1_600_000_000_000L, 1_610_000_000_000L),
                new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("category", "toys")), BooleanClause.Occur.FILTER).build());
    }

    static Sort byPriceThenId() {
        return new Sort(new SortField("price", SortField.Type.INT, true), new SortField("id", SortField.Type.STRING));
    }
}
