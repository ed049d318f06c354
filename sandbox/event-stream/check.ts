import type {Check} from "../runner/check-harness.ts";

// A dashboard's event stream stays open while the format of its events is edited, and the same
// open response carries the new format right after the save.
export default async (h: Check) => {
    await h.start();
    const dashboard = await h.eventStream("/sales", "dashboard");

    (await h.post("/sale", {item: "book", price: 12})).expectBody("recorded");
    await dashboard.expectEvent("book sold for 12 EUR");

    await h.edit("index.ts", (src) => src.replace("data: `${sale.item} sold for ${sale.price} EUR`", "data: {item: sale.item, price: sale.price, currency: \"EUR\"}"), "send JSON instead of a sentence, with the dashboard connected");

    (await h.post("/sale", {item: "pen", price: 3})).expectBody("recorded");
    await dashboard.expectEvent('{"item":"pen","price":3,"currency":"EUR"}');
    dashboard.expectOpen();
    h.note("= the stream opened by the first version sent the second version's event");
};
