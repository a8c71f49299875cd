/**
 * Entry point of the renderer: connects to the host, feeds the stores and mounts the console.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { connectDesk } from './lib/desk'
import { startSync } from './stores/sync'
import './styles.css'

startSync()
connectDesk()

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element to mount the console in.')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
