import {Elysia} from "elysia";

new Elysia().get("/", () => "VERSION").listen(Number(process.env.PORT));
console.log("ready on", process.env.PORT);
