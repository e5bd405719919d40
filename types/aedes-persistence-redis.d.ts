declare module 'aedes-persistence-redis' {
  import type { Redis, RedisOptions } from 'ioredis'
  interface RedisPersistence { destroy (): Promise<void> }
  export default function redisPersistence (options: RedisOptions & { conn?: Redis, maxSessionDelivery?: number }): RedisPersistence
}
