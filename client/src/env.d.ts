/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The game server the development server's page talks to (client/vite.config.ts). */
  readonly RPG_DEV_SERVER?: string;
}
