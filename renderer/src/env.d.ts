/// <reference types="vite/client" />
// Vite's ambient types: CSS side-effect imports and import.meta.env.
