<div>post</div>
