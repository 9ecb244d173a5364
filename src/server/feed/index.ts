// Public surface of src/server/feed: the change feed over the store.
export { StoreFeed, createFeed } from './store-feed.js';
