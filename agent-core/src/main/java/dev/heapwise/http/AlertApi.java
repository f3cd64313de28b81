package dev.heapwise.http;

import dev.heapwise.alert.Alerts;

/** {@code GET /v1/memory/alerts}: the rules, the firing alerts and the resolved ones ({@code ?limit=}). */
public final class AlertApi {
    private final Alerts alerts;

    public AlertApi(Alerts alerts) {
        this.alerts = alerts;
    }

    public void register(Router router) {
        router.get(MemoryApi.BASE + "/alerts", r -> {
            r.allowOnly("limit");
            int limit = r.intParam("limit", 1, alerts.historyCapacity(), alerts.historyCapacity());
            return alerts.report(limit);
        });
    }
}
