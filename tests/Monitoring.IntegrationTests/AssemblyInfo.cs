// Two cores: the grain cluster and the running system may run side by side, no more.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
