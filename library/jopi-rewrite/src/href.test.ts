import {expect, test} from "bun:test";
import {hostnameOf, pathOf, pathStartOf} from "./href.ts";

test("the host name, without the port, of a name, an IPv4 and an IPv6 address", () => {
    expect(hostnameOf("http://a.example:3000/x")).toBe("a.example");
    expect(hostnameOf("http://127.0.0.1/")).toBe("127.0.0.1");
    expect(hostnameOf("http://[::1]:3000/")).toBe("[::1]");
    expect(hostnameOf("https://a.example")).toBe("a.example");
});

test("the path, without the query, found from the string or from a known start", () => {
    expect(pathOf("http://a.example:3000/news/7?page=2")).toBe("/news/7");
    expect(pathOf("http://a.example:3000/news/7?page=2", pathStartOf("http://a.example:3000/news/7?page=2"))).toBe("/news/7");
    expect(pathOf("http://a.example")).toBe("/");
    expect(pathOf("http://a.example/?q=/x")).toBe("/");
});
