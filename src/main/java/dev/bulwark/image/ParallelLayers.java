package dev.bulwark.image;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads independent layers on as many threads as there are processors. The first failure wins:
 * the rest are cancelled and it is rethrown as it was, so a digest mismatch in any layer fails the
 * whole read.
 */
public final class ParallelLayers {
  private ParallelLayers() {}

  @FunctionalInterface
  public interface Task<R> {
    R run(Layer layer) throws IOException;
  }

  public static <R> Map<Layer, R> map(List<Layer> layers, Task<R> task) {
    Map<Layer, R> results = new LinkedHashMap<>();
    if (layers.size() <= 1) {
      for (Layer layer : layers) {
        results.put(layer, call(task, layer));
      }
      return results;
    }
    int threads = Math.min(layers.size(), Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "bulwark-layer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (Layer layer : layers) {
        futures.add(pool.submit(() -> call(task, layer)));
      }
      for (int i = 0; i < layers.size(); i++) {
        try {
          results.put(layers.get(i), futures.get(i).get());
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InputException("interrupted while reading layers", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <R> R call(Task<R> task, Layer layer) {
    try {
      return task.run(layer);
    } catch (BulwarkException e) {
      throw e;
    } catch (IOException e) {
      throw new InputException("layer " + layer.id() + ": " + e.getMessage(), e);
    }
  }
}
