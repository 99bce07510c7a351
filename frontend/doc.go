// Package frontend holds the Manifold single-page app: its React + TypeScript sources and,
// in binaries built with the "ui" tag, the Vite build output (dist/) embedded for serving.
// Without the tag the package is empty, so an API-only binary builds without Node.
package frontend
