using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;

namespace Tessera.Storage.Durable;

/// <summary>What one run keeps, from the workflow's settings over the service defaults.</summary>
internal sealed record SavePolicy(bool Success, bool Error, bool Manual, bool Progress)
{
    public static SavePolicy For(Workflow workflow, SaveDefaults defaults)
    {
        var settings = workflow.Settings;
        return new SavePolicy(
            AllOrNone(settings, "saveDataSuccessExecution") ?? defaults.SaveSuccess,
            AllOrNone(settings, "saveDataErrorExecution") ?? defaults.SaveError,
            Flag(settings, "saveManualExecutions") ?? defaults.SaveManual,
            Flag(settings, "saveExecutionProgress") ?? defaults.SaveProgress);
    }

    /// <summary>Whether a run that ended so is kept. Parked runs always are: they must be resumable.</summary>
    public bool Keeps(ExecutionStatus status, string mode)
    {
        if (status == ExecutionStatus.Waiting)
        {
            return true;
        }

        if (mode == ExecutionModes.Manual && !Manual)
        {
            return false;
        }

        return status == ExecutionStatus.Success ? Success : Error;
    }

    private static bool? AllOrNone(JsObject? settings, string name) => settings?[name].TryGetString() switch
    {
        "all" => true,
        "none" => false,
        _ => null, // "DEFAULT" or unset
    };

    private static bool? Flag(JsObject? settings, string name)
    {
        var value = settings?[name] ?? JsValue.Undefined;
        if (value.IsBoolean)
        {
            return value.AsBoolean();
        }

        return value.TryGetString() switch
        {
            "true" => true,
            "false" => false,
            _ => null, // "DEFAULT" or unset
        };
    }
}
