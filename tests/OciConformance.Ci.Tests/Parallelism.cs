// The Action's and the nightly workflow's tests wait mostly on child processes; their fixtures run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
