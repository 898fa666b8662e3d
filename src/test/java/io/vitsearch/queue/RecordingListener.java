package io.vitsearch.queue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every job event it receives, in order, for assertions. */
public final class RecordingListener implements JobEventListener {

    public record Event(String type, JobView job) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onClaimed(JobView job) {
        events.add(new Event("claimed", job));
    }

    @Override
    public void onRequeued(JobView job) {
        events.add(new Event("requeued", job));
    }

    @Override
    public void onSucceeded(JobView job) {
        events.add(new Event("succeeded", job));
    }

    @Override
    public void onFailed(JobView job) {
        events.add(new Event("failed", job));
    }

    @Override
    public void onCancelled(JobView job) {
        events.add(new Event("cancelled", job));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<String> types() {
        return events.stream().map(Event::type).toList();
    }
}
