package dev.heapwise.it.workloads;

import org.apache.commons.collections.Bag;
import org.apache.commons.collections.CollectionUtils;
import org.apache.commons.collections.bag.HashBag;
import org.apache.commons.collections.map.LRUMap;
import org.apache.commons.lang.SerializationUtils;
import org.apache.commons.lang.StringEscapeUtils;
import org.apache.commons.lang.StringUtils;
import org.apache.commons.lang.WordUtils;
import org.apache.commons.lang.builder.HashCodeBuilder;
import org.apache.commons.lang.builder.ToStringBuilder;
import org.apache.oro.text.perl.Perl5Util;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Libraries whose class files are older than Java 6 (versions 46 and 47, Java 1.2 and 1.3), still found in
 * long-lived applications: Velocity 1.5 rendering a template with a macro, loops, conditions and
 * arithmetic; Commons Lang 2.4 (escaping, wrapping, builders, a serialization round trip); Commons
 * Collections 3.2.2 (an LRU map, a bag, set operations); Jakarta ORO 2.0.8 (Perl 5 substitutions). Such
 * class files have no stack map frames, and some of their methods keep finally blocks as JSR/RET
 * subroutines, a shape javac has not emitted since Java 6: Velocity's engine set-up
 * ({@code RuntimeInstance.setDefaultProperties}, {@code initializeDirectives}) and Commons Lang's
 * {@code SerializationUtils.serialize} and {@code deserialize}, which every operation runs through
 * {@code SerializationUtils.clone}. The rewriter must leave that bytecode verifiable and its behaviour
 * unchanged.
 */
public final class LegacyWorkload implements Workload {
    private static final String TEMPLATE = "#macro(row $o)<tr><td>$o.id</td><td>$esc.escapeHtml($o.name)</td>"
            + "#if($o.total > 500)<td class=\"big\">#else<td>#end$o.total</td></tr>#end"
            + "<table>#foreach($o in $orders)#row($o)#end</table>"
            + "#set($sum = 0)#foreach($o in $orders)#set($sum = $sum + $o.total)#end"
            + " count=$orders.size() sum=$sum first=$orders.get(0).name";
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "<epsilon>", "zeta & eta", "theta",
            "iota", "kappa \"lambda\"", "mu"};
    private static final int DIGEST_OPERATIONS = 120;

    private VelocityEngine engine;
    private final LRUMap recent = new LRUMap(64);
    private final Perl5Util perl = new Perl5Util();

    public static void main(String[] args) {
        WorkloadRunner.main(new LegacyWorkload(), args);
    }

    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public void setUp() throws Exception {
        engine = new VelocityEngine();
        engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        engine.init();
    }

    @Override
    public long operation(long i) throws Exception {
        return render(i).hashCode();
    }

    /** One request's worth: a page rendered, then taken apart and summed up by the other three libraries. */
    private String render(long i) throws Exception {
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            Map<String, Object> o = new HashMap<>();
            o.put("id", Long.valueOf(i * 100 + k));
            o.put("name", WORDS[(int) ((i + k) % WORDS.length)] + " " + k);
            o.put("total", Integer.valueOf((int) ((i * 37 + k * 113) % 1000)));
            orders.add(o);
        }
        VelocityContext context = new VelocityContext();
        context.put("orders", orders);
        context.put("esc", new StringEscapeUtils());
        StringWriter page = new StringWriter();
        engine.evaluate(context, page, "legacy", TEMPLATE);

        String html = page.toString();
        String text = perl.substitute("s/<[^>]+>/ /g", html);
        text = perl.substitute("s/\\s+/ /g", text).trim();
        String wrapped = WordUtils.wrap(WordUtils.capitalizeFully(text), 40, "\n", true);
        String[] tokens = StringUtils.split(text, ' ');
        Bag bag = new HashBag(Arrays.asList(tokens));
        recent.put("page-" + (i % 200), StringUtils.abbreviate(text, 60));
        List<String> big = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Map<String, Object> o : orders) {
            (((Integer) o.get("total")) > 500 ? big : named).add(String.valueOf(o.get("id")));
        }
        int shared = CollectionUtils.intersection(Arrays.asList(tokens), big).size();
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) SerializationUtils.clone(new HashMap<>(orders.get(0)));
        String summary = new ToStringBuilder(this)
                .append("lines", StringUtils.countMatches(wrapped, "\n"))
                .append("distinct", bag.uniqueSet().size())
                .append("big", big.size())
                .append("shared", shared)
                .append("recent", recent.size())
                .append("hash", new HashCodeBuilder(17, 37).append(tokens).append(i).toHashCode())
                .append("clone", copy.equals(orders.get(0)) ? copy.get("name") : "differs")
                .toString();
        return StringEscapeUtils.escapeJava(html) + "|" + wrapped + "|" + summary.substring(summary.indexOf('['));
    }

    @Override
    public void digest(Digest d) throws Exception {
        for (long i = 0; i < DIGEST_OPERATIONS; i++) {
            d.add(render(i));
        }
        d.add(recent.size()).add(String.valueOf(recent.get("page-7")));
    }
}
