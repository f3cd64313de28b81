package dev.heapwise.it.workloads.jackson;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable class built through a {@code @JsonCreator} constructor, with untyped extra properties
 * ({@code @JsonAnySetter}: numbers, strings, lists and booleans in a map of Object) and a computed
 * property Jackson must leave out.
 */
@JsonPropertyOrder(alphabetic = true)
public final class LineItem {
    private final String sku;
    private final int quantity;
    private final BigDecimal unitPrice;
    private final short[] sizes;
    private final Map<String, Object> extras = new TreeMap<>();

    @JsonCreator
    public LineItem(@JsonProperty("sku") String sku, @JsonProperty("quantity") int quantity,
                    @JsonProperty("unitPrice") BigDecimal unitPrice, @JsonProperty("sizes") short[] sizes) {
        this.sku = sku;
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        this.sizes = sizes;
    }

    public String getSku() {
        return sku;
    }

    public int getQuantity() {
        return quantity;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public short[] getSizes() {
        return sizes;
    }

    @JsonIgnore
    public BigDecimal getLineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    @JsonAnyGetter
    public Map<String, Object> getExtras() {
        return extras;
    }

    @JsonAnySetter
    public void putExtra(String key, Object value) {
        extras.put(key, value);
    }
}
