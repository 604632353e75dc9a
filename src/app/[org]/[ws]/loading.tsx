import { WorkspaceHomeSkeleton } from "@/components/shell/ShellSkeletons";

export default function Loading() {
  return <WorkspaceHomeSkeleton />;
}
