// masto.js (the library Elk and Phanpy are built on) against a running server: the REST
// calls a web client makes first, then the `user` stream over masto.js's WebSocket, which
// must deliver a followed account's new post and a mention notification.
// Usage: node masto_client.mjs URL READER_TOKEN AUTHOR_TOKEN; prints one JSON line.
import { createRestAPIClient, createStreamingAPIClient } from "masto";

const [url, readerToken, authorToken] = process.argv.slice(2);
const reader = createRestAPIClient({ url, accessToken: readerToken });
const author = createRestAPIClient({ url, accessToken: authorToken });
const result = {};

const instance = await reader.v2.instance.fetch();
result.streamingUrl = instance.configuration.urls.streaming;
const v1 = await reader.v1.instance.fetch();
result.version = v1.version;
const me = await reader.v1.accounts.verifyCredentials();
const them = await author.v1.accounts.verifyCredentials();
const relationship = await reader.v1.accounts.$select(them.id).follow();
result.following = relationship.following;
result.homeBefore = (await reader.v1.timelines.home.list({ limit: 5 })).length;
result.preferences = typeof (await reader.v1.preferences.fetch())["posting:default:visibility"];
result.filters = (await reader.v2.filters.list()).length;
result.customEmojis = (await reader.v1.customEmojis.list()).length;

const streaming = createStreamingAPIClient({
  streamingApiUrl: result.streamingUrl,
  accessToken: readerToken,
  retry: true,
});
const subscription = streaming.user.subscribe();
// masto.js connects when the subscription is first iterated: collect events from now on.
const events = [];
let wake = () => {};
const collecting = (async () => {
  for await (const event of subscription) {
    events.push({ event, at: Date.now() });
    wake();
  }
})();
await new Promise((resolve) => setTimeout(resolve, 1500)); // connected and subscribed

const stamp = Math.random().toString(16).slice(2, 8);
const wanted = new Map(); // what we wait for -> when it was sent
let postedAt = Date.now();
const post = await author.v1.statuses.create({ status: `from masto.js ${stamp}` });
wanted.set(`update:${post.id}`, postedAt);
postedAt = Date.now();
const mention = await author.v1.statuses.create({ status: `@${me.username} hello ${stamp}` });
wanted.set(`notification:${mention.id}`, postedAt);

const latencies = {};
const deadline = Date.now() + 15000;
while (wanted.size > 0 && Date.now() < deadline) {
  for (const { event, at } of events.splice(0)) {
    let key = null;
    if (event.event === "update") key = `update:${event.payload.id}`;
    if (event.event === "notification" && event.payload.status) key = `notification:${event.payload.status.id}`;
    if (key && wanted.has(key)) {
      latencies[key.split(":")[0]] = (at - wanted.get(key)) / 1000;
      wanted.delete(key);
    }
  }
  if (wanted.size > 0) await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 200); });
}
if (wanted.size > 0) {
  result.missing = [...wanted.keys()];
  console.log(JSON.stringify(result));
  process.exit(3);
}
subscription.unsubscribe();
streaming.close();
result.latencies = latencies;

const home = await reader.v1.timelines.home.list({ limit: 10 });
result.homeHasPost = home.some((status) => status.id === post.id);
const notifications = await reader.v1.notifications.list({ limit: 10 });
result.mentioned = notifications.some((n) => n.type === "mention" && n.status && n.status.id === mention.id);
const favourited = await reader.v1.statuses.$select(post.id).favourite();
result.favourited = favourited.favourited;
const context = await reader.v1.statuses.$select(post.id).context.fetch();
result.contextAncestors = context.ancestors.length;
console.log(JSON.stringify(result));
process.exit(0);
