import type {Check} from "../runner/check-harness.ts";

// Routes: a path parameter, a wildcard, JSON in and out, and the answers to what has no route.
export default async (h: Check) => {
    await h.start();

    const user = (await h.get("/user/42?tab=posts")).expectStatus(200).expectHeader("content-type", /^application\/json/);
    h.expectEqual(user.json(), {id: "42", tab: "posts"}, "req.urlParams.id is \"42\", req.searchParams gives the tab");

    (await h.get("/files/docs/intro.md")).expectStatus(200).expectBody("You asked for the file docs/intro.md");

    const greet = await h.post("/api/greet", {name: "Ada"}, {headers: {"content-type": "application/json"}});
    greet.expectStatus(201);
    h.expectEqual(greet.json(), {greeting: "Hello Ada!"}, "the POST body was read as JSON");

    (await h.post("/api/greet", "not json")).expectStatus(400);
    (await h.get("/nowhere")).expectStatus(404).expectBody("Not Found");
    (await h.get("/api/greet", {show: ["allow"]})).expectStatus(405).expectHeader("allow", "POST");
};
