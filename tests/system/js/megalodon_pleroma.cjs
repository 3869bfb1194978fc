// A Pleroma-mode client end to end: megalodon's generator('pleroma', ...) against a running
// server. Usage: node megalodon_pleroma.cjs URL TOKEN_A TOKEN_B (run by tests/system/node.py).
// Prints one JSON object with what it saw; exits non-zero on the first failure.
const { default: generator } = require('megalodon')

const [url, tokenA, tokenB] = process.argv.slice(2)
const TIMEOUT = 30000

function fail (message) {
  throw new Error(message)
}

function withTimeout (promise, what) {
  return Promise.race([promise, new Promise((resolve, reject) =>
    setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT))])
}

async function eventually (what, check) {
  const started = Date.now()
  for (;;) {
    const found = await check()
    if (found) return found
    if (Date.now() - started > TIMEOUT) fail(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 300))
  }
}

async function main () {
  const alice = generator('pleroma', url, tokenA)
  const bob = generator('pleroma', url, tokenB)
  const result = {}

  // Sign in (the token) and read the instance.
  const me = (await alice.verifyAccountCredentials()).data
  const them = (await bob.verifyAccountCredentials()).data
  result.account = me.acct
  const instance = (await alice.getInstance()).data
  if (!instance.uri || !instance.urls || !instance.urls.streaming_api) fail('instance without uri or streaming_api')
  result.instance = { uri: instance.uri, version: instance.version, max_toot_chars: instance.max_toot_chars }

  // Stream the user timeline.
  const stream = await alice.userStreaming()
  const updates = []
  const notifications = []
  stream.on('update', status => updates.push(status))
  stream.on('notification', notification => notifications.push(notification))
  stream.on('error', error => { result.stream_error = String(error && error.message || error) })
  await withTimeout(new Promise(resolve => stream.on('connect', resolve)), 'the stream to connect')

  // Post; the post arrives on the user stream.
  const posted = (await alice.postStatus('Hello from megalodon in Pleroma mode :)', { visibility: 'public' })).data
  if (!posted.id || !posted.content.includes('Hello from megalodon')) fail('posted status without its content')
  result.status = { id: posted.id, visibility: posted.visibility, emoji_reactions: posted.emoji_reactions }
  const streamed = await eventually('the post on the user stream', () => updates.find(status => status.id === posted.id))
  result.streamed_update = streamed.id

  // React with an emoji (the other user), and see the reaction on the status.
  const reacted = (await bob.createEmojiReaction(posted.id, '👍')).data
  const reaction = (reacted.emoji_reactions || []).find(item => item.name === '👍')
  if (!reaction || reaction.count !== 1 || reaction.me !== true) fail(`reaction not in the status: ${JSON.stringify(reacted.emoji_reactions)}`)
  result.reactions = (await alice.getEmojiReactions(posted.id)).data.map(item => [item.name, item.count])

  // Read notifications: the reaction is one (megalodon maps pleroma:emoji_reaction).
  const notified = await eventually('the emoji reaction notification', async () =>
    (await alice.getNotifications({ limit: 20 })).data.find(item => item.status && item.status.id === posted.id))
  result.notification = { type: notified.type, emoji: notified.emoji || notified.reaction && notified.reaction.name }
  result.streamed_notifications = notifications.map(item => item.type)

  // Open a chat and send a message (megalodon has no chat methods: its own HTTP client,
  // signed in with the same token, calls Pleroma's chat API).
  const chat = (await alice.client.post(`/api/v1/pleroma/chats/by-account-id/${them.id}`)).data
  if (!chat.id || chat.account.id !== them.id) fail('chat without the recipient')
  const message = (await alice.client.post(`/api/v1/pleroma/chats/${chat.id}/messages`, { content: 'Hi from a chat' })).data
  if (message.chat_id !== chat.id || !message.content.includes('Hi from a chat')) fail('message not in the chat')
  const theirs = await eventually('the chat on the other side', async () =>
    (await bob.client.get('/api/v2/pleroma/chats')).data.find(item => item.account.id === me.id && item.unread === 1))
  result.chat = { id: chat.id, message: message.id, their_unread: theirs.unread, their_last: theirs.last_message.id }

  stream.stop()
  result.ok = true
  process.stdout.write(JSON.stringify(result) + '\n')
}

main().then(() => process.exit(0), error => {
  process.stderr.write(String(error && error.stack || error) + '\n')
  if (error && error.response) process.stderr.write(JSON.stringify(error.response.data) + '\n')
  process.exit(1)
})
