package dev.heapwise.it.workloads.jackson;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Polymorphic values: the type id goes in a "kind" property, and Jackson picks the record class from it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Payment.Card.class, name = "card"),
        @JsonSubTypes.Type(value = Payment.Transfer.class, name = "transfer"),
        @JsonSubTypes.Type(value = Payment.Voucher.class, name = "voucher")})
public sealed interface Payment permits Payment.Card, Payment.Transfer, Payment.Voucher {

    record Card(String holder, String last4, int expiryMonth, int expiryYear) implements Payment {
    }

    record Transfer(String iban, BigDecimal amount, List<String> references) implements Payment {
    }

    record Voucher(String code, double percent, Map<String, Integer> limits) implements Payment {
    }
}
