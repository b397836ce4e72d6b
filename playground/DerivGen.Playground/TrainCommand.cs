using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DerivGen.Playground.Training;
using Spectre.Console;

namespace DerivGen.Playground;

/// <summary>
/// <c>-- train</c>: trains the three tasks of <see cref="TrainingTasks"/> and prints a table of the final figures.
/// On an interactive terminal it shows a live progress bar per task; when the output is redirected (a file, a pipe,
/// CI) it prints a plain line every tenth of a run instead. Everything it prints fits 80 columns.
/// </summary>
/// <remarks>
/// Two losses appear, and each says which it is: the progress shows an epoch's "batch loss", the mean of the mini-batch
/// losses as the parameters moved through the epoch; the table shows the "train loss", the whole training set's mean
/// loss with the final parameters, which is lower and is the figure the result is judged by.
/// </remarks>
internal static class TrainCommand
{
    private const int PlainLinesPerTask = 10;

    /// <summary>Runs the command; returns 0 when every task met its target, 1 otherwise.</summary>
    public static int Run()
    {
        TrainingTask[] tasks = TrainingTasks.All();
        bool interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

        // Redirected output gets no escape codes and 80 columns, the width a log viewer or a terminal shows unwrapped.
        IAnsiConsole console = interactive
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        if (!interactive)
        {
            console.Profile.Width = 80;
        }

        console.WriteLine();
        console.WriteLine("  DerivGen playground: generated networks trained with BackwardBatchMean");
        console.WriteLine();

        var total = Stopwatch.StartNew();
        TrainingResult[] results = interactive ? WithProgressBars(console, tasks) : WithPlainLines(console, tasks);
        total.Stop();

        console.WriteLine();
        console.Write(Summary(results));
        console.WriteLine("  Train loss: the training set's mean loss with the final parameters.");
        console.WriteLine(Invariant($"  {results.Length} networks trained in {total.Elapsed.TotalSeconds:0.00} s; fixed seeds, so every run gives these figures."));
        console.WriteLine();
        return results.All(r => r.TargetMet) ? 0 : 1;
    }

    private static TrainingResult[] WithProgressBars(IAnsiConsole console, TrainingTask[] tasks)
    {
        var results = new TrainingResult[tasks.Length];
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask[] bars = tasks
                    .Select(task => context.AddTask(Markup.Escape(Describe(task, 0, double.NaN, double.NaN)), autoStart: false, maxValue: task.Epochs))
                    .ToArray();
                for (int i = 0; i < tasks.Length; i++)
                {
                    TrainingTask task = tasks[i];
                    ProgressTask bar = bars[i];
                    bar.StartTask();
                    double lastValue = double.NaN;
                    var sinceUpdate = Stopwatch.StartNew();
                    results[i] = MiniBatchTrainer.Train(
                        task,
                        report =>
                        {
                            if (!double.IsNaN(report.Value))
                            {
                                lastValue = report.Value;
                            }

                            // Redraws happen about ten times a second; describing every epoch would only make garbage.
                            if (sinceUpdate.ElapsedMilliseconds >= 50 || report.Epoch == report.Epochs)
                            {
                                bar.Description = Markup.Escape(Describe(task, report.Epoch, report.Loss, lastValue));
                                bar.Value = report.Epoch;
                                sinceUpdate.Restart();
                            }
                        },
                        metricEvery: Math.Max(1, task.Epochs / 100));
                    bar.Description = Markup.Escape(Describe(task, results[i].Epochs, results[i].FinalLoss, results[i].Value));
                    bar.Value = task.Epochs;
                    bar.StopTask();
                }
            });
        return results;
    }

    private static TrainingResult[] WithPlainLines(IAnsiConsole console, TrainingTask[] tasks)
    {
        var results = new TrainingResult[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            TrainingTask task = tasks[i];
            int every = Math.Max(1, task.Epochs / PlainLinesPerTask);
            console.WriteLine(Invariant($"  {task.Name}: {task.Network}"));
            console.WriteLine(Invariant($"    {task.Train.Rows} rows, batches of {task.BatchSize}, {task.OptimizerName}"));
            results[i] = MiniBatchTrainer.Train(
                task,
                report =>
                {
                    if (report.Epoch % every == 0)
                    {
                        console.WriteLine("    " + Describe(task, report.Epoch, report.Loss, report.Value));
                    }
                },
                metricEvery: every);
        }

        return results;
    }

    private static string Describe(TrainingTask task, int epoch, double loss, double value)
    {
        string width = new('0', task.Epochs.ToString(CultureInfo.InvariantCulture).Length);
        string epochs = Invariant($"epoch {epoch.ToString(width, CultureInfo.InvariantCulture)}/{task.Epochs}");
        string lossText = double.IsNaN(loss) ? "batch loss —" : Invariant($"batch loss {loss:0.000000}");
        return Invariant($"{task.Name,-10} {epochs}  {lossText}  {MetricText(task, value)}");
    }

    private static string MetricText(TrainingTask task, double value) => task.Metric switch
    {
        Metric.Accuracy => double.IsNaN(value) ? "accuracy —" : Invariant($"accuracy {value:0.0%}"),
        _ => double.IsNaN(value) ? "MSE —" : Invariant($"MSE {value:0.00e+0}"),
    };

    private static Table Summary(TrainingResult[] results)
    {
        var table = new Table { Border = TableBorder.Rounded, ShowRowSeparators = true };
        // The network goes under the task's name (sizes, then activations and loss), which keeps the table in 80 columns.
        table.AddColumn("Task");
        table.AddColumn(new TableColumn("Epochs").RightAligned());
        table.AddColumn(new TableColumn("Train loss").RightAligned());
        table.AddColumn(new TableColumn("Acc./MSE").RightAligned());
        table.AddColumn("Target");
        table.AddColumn(new TableColumn("Time").RightAligned());
        foreach (TrainingResult result in results)
        {
            TrainingTask task = result.Task;
            string target = task.Metric == Metric.Accuracy
                ? Invariant($"≥ {task.Target:0%}")
                : Invariant($"< {task.Target:0e+0}");
            string value = task.Metric == Metric.Accuracy
                ? Invariant($"{result.Value:0.0%}")
                : Invariant($"{result.Value:0.00e+0}");
            int space = task.Network.IndexOf(' ', StringComparison.Ordinal);
            string network = space < 0 ? task.Network : task.Network[..space] + "\n" + task.Network[(space + 1)..];
            table.AddRow(
                Markup.Escape(task.Name + "\n" + network),
                Invariant($"{result.Epochs}"),
                Invariant($"{result.FinalLoss:0.000e+0}"),
                Markup.Escape(value),
                Markup.Escape(target) + (result.TargetMet ? " [green]met[/]" : " [red]missed[/]"),
                Invariant($"{result.Elapsed.TotalSeconds:0.00} s"));
        }

        return table;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
