// Package redisx connects to Redis, or, when no URL is configured, starts an embedded
// Redis-compatible server in-process so that `manifold dev` needs no Redis of its own.
package redisx

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// tick is how often the embedded server's clock is advanced. miniredis expires keys only
// when told time has passed; asynq's uniqueness locks and server heartbeats are TTL keys,
// so they must expire in (nearly) real time.
const tick = 250 * time.Millisecond

// Connect returns a go-redis client and the matching asynq connection option for url
// (redis://, rediss:// or unix://, as go-redis parses them), and a cleanup that closes
// what Connect opened. An empty url starts an embedded miniredis on 127.0.0.1 at a random
// port; its data lives in memory and is gone at cleanup (the jobs outbox redelivers what
// was queued there, see package jobs).
func Connect(ctx context.Context, url string, log *slog.Logger) (redis.UniversalClient, asynq.RedisConnOpt, func(), error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		opt  *redis.Options
		stop = func() {}
	)
	if url == "" {
		addr, stopEmbedded, err := startEmbedded()
		if err != nil {
			return nil, nil, nil, err
		}
		stop = stopEmbedded
		opt = &redis.Options{Addr: addr}
		log.Info("embedded redis started", "addr", addr)
	} else {
		var err error
		opt, err = redis.ParseURL(url)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("redis url: %w", err)
		}
	}

	client := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		_ = client.Close()
		stop()
		return nil, nil, nil, fmt.Errorf("redis ping %s: %w", opt.Addr, err)
	}
	var once sync.Once
	cleanup := func() {
		once.Do(func() {
			if err := client.Close(); err != nil {
				log.Warn("redis close", "err", err)
			}
			stop()
		})
	}
	return client, ConnOpt(opt), cleanup, nil
}

// ConnOpt converts go-redis options to asynq's, so both talk to the same server and DB.
func ConnOpt(o *redis.Options) asynq.RedisConnOpt {
	return asynq.RedisClientOpt{
		Network:      o.Network,
		Addr:         o.Addr,
		Username:     o.Username,
		Password:     o.Password,
		DB:           o.DB,
		DialTimeout:  o.DialTimeout,
		ReadTimeout:  o.ReadTimeout,
		WriteTimeout: o.WriteTimeout,
		PoolSize:     o.PoolSize,
		TLSConfig:    o.TLSConfig,
	}
}

// startEmbedded starts miniredis and the goroutine that advances its clock.
func startEmbedded() (addr string, stop func(), err error) {
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		return "", nil, fmt.Errorf("start embedded redis: %w", err)
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.FastForward(tick)
			}
		}
	}()
	var once sync.Once
	return m.Addr(), func() {
		once.Do(func() {
			close(done)
			<-finished
			m.Close()
		})
	}, nil
}
